-- The page's privacy policy: where the subscription pages send a reader who wants to know who
-- keeps their address, why, for how long, and how to exercise their rights (GDPR article 13, as
-- a French company's customers expect at the form that collects it). Optional, like support_url.
ALTER TABLE page_settings ADD COLUMN privacy_url TEXT;
