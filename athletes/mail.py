"""Mail backends for reading mail on this machine: on the console, or as files in a folder.

Django's own write a message as it would travel: a line longer than 78 characters (an
invitation or password-reset link) goes quoted-printable, broken with "=" and "=3D", and
cannot be copied. These write the text as written, in UTF-8.
"""

import email.policy

from django.core.mail.backends import console, filebased

# RFC 5322's hard limit on a line: below it no text needs a transfer encoding.
READABLE = email.policy.default.clone(utf8=True, max_line_length=998)


def readable_bytes(message) -> bytes:
    return message.message(policy=READABLE).as_bytes()


class ConsoleEmailBackend(console.EmailBackend):
    def write_message(self, message):
        self.stream.write(readable_bytes(message).decode("utf-8", "replace") + "\n")
        self.stream.write("-" * 79 + "\n")


class FileEmailBackend(filebased.EmailBackend):
    def write_message(self, message):
        self.stream.write(readable_bytes(message) + b"\n")
        self.stream.write(b"-" * 79 + b"\n")
