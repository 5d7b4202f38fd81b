-- The page's legal notice (« mentions légales »): who publishes the page and sends its e-mails,
-- with their company details. French law (loi n° 2004-575, « LCEN ») requires a professionally
-- published website to give them; the page's footer links to it, and the e-mails' footer too.
-- Optional, like privacy_url.
ALTER TABLE page_settings ADD COLUMN legal_url TEXT;
