-- A token may be issued with an expiry; NULL: it never expires (as every token issued before this).
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz CHECK (expires_at > created_at);
