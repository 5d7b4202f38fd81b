-- The page's legal notice (« mentions légales »): who publishes the page and sends its e-mails,
-- with their company details. French law (the LCEN, loi du 21 juin 2004) asks every company website
-- to give them; the page's footer and the e-mails' footer link to it. Optional, like privacy_url.
ALTER TABLE page_settings ADD COLUMN legal_url TEXT;
