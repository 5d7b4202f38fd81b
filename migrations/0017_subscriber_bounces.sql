-- An address whose mail server answered that it does not exist, or no longer takes mail (SMTP
-- 5.1.x or 5.2.1 at RCPT TO; the Email Service's suppressed recipient), is sent nothing more:
-- real relays suspend senders who keep mailing dead addresses. The subscriber is kept (their
-- owner may fix their mailbox and confirm again through the form, which clears it), and the
-- operator sees them counted and listed as bounced.
ALTER TABLE subscribers ADD COLUMN bounced_at TEXT;
-- The server's reply and enhanced status codes ("550 5.1.1"): not its text, which names the address.
ALTER TABLE subscribers ADD COLUMN bounce_reason TEXT;
