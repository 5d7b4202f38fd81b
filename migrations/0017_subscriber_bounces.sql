-- An address whose mail server answered that it does not exist, or no longer takes mail (SMTP
-- 5.1.x or 5.2.1 at RCPT TO, but for the sender's own codes 5.1.0, 5.1.7 and 5.1.8; the Email
-- Service's suppressed recipient), is sent nothing more: real relays suspend senders who keep
-- mailing dead addresses. The subscriber is kept: their owner may fix their mailbox and confirm
-- again through the form, or an operator send to them again (a wrong bounce), which clears it.
ALTER TABLE subscribers ADD COLUMN bounced_at TEXT;
-- The server's reply and enhanced status codes ("550 5.1.1"): not its text, which names the address.
ALTER TABLE subscribers ADD COLUMN bounce_reason TEXT;
