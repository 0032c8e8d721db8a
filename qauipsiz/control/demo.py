"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

DEMO_STEPS: list = []
