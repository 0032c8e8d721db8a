"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

from .demo_people import load_service

DEMO_STEPS: list = [
    load_service,  # the people of production control (315 cl.3)
]
