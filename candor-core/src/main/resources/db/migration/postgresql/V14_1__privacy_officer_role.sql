-- API keys may be issued to the privacy officer role (people's requests, issue 19).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('ADMIN', 'ENROLLER',
    'INVESTIGATOR', 'SUPERVISOR', 'AUDITOR', 'PRIVACY_OFFICER'));
