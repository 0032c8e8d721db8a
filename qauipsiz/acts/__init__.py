"""The signed legal act as one mechanism, shared by every domain (permits under Order 344, production control under
Order 315): act declarations (`declarations`), `perform()` (`perform`), typed refusals (`refusals`)."""
