"""A small SMTP server on a free local port, for tests of what a mail server's failure does.

It speaks enough SMTP for smtplib (EHLO, MAIL, RCPT, DATA, RSET, QUIT), keeps the recipients
of each message it accepts, and refuses a recipient (451, "try again later") as many times as
the test asks before it accepts them.
"""

import contextlib
import socketserver
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    refuse: Counter[str] = field(default_factory=Counter)  # address -> refusals left
    delivered: list[list[str]] = field(default_factory=list)  # recipients of each message


class _Handler(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 test SMTP")
        recipients: list[str] = []
        while line := self.rfile.readline().decode(errors="replace").strip():
            verb, _, rest = line.partition(" ")
            verb = verb.upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 test")
            elif verb == "MAIL":
                recipients = []
                self._say("250 OK")
            elif verb == "RCPT":
                address = rest.partition(":")[2].strip().strip("<>").lower()
                if self.mailbox.refuse[address] > 0:
                    self.mailbox.refuse[address] -= 1
                    self._say("451 try again later")
                else:
                    recipients.append(address)
                    self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.mailbox.delivered.append(recipients)
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:  # RSET, NOOP
                self._say("250 OK")


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """Serve on 127.0.0.1 until the block ends; yields the port and the mailbox."""
    mailbox = Mailbox()
    handler = type("Handler", (_Handler,), {"mailbox": mailbox})
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_address[1], mailbox
        finally:
            server.shutdown()
            thread.join()
