"""Errors the library raises for input it cannot read. The message is Chinese and names the file."""


class NoticeError(Exception):
    """Input that cannot be read as a notice. `str(err)` is a one-line message for the user."""


class UnsupportedFormat(NoticeError):
    pass


class InputTooLarge(NoticeError):
    pass


class UnreadableInput(NoticeError):
    pass
