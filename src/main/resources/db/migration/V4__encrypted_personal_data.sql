-- ID number and phone of the applicant, AES-256-GCM encrypted with aidflow.privacy.encryption-key (base64 of IV and
-- ciphertext). Process variables and history hold the masked forms only.
ALTER TABLE aid_case ADD COLUMN id_number_encrypted VARCHAR(200);
ALTER TABLE aid_case ADD COLUMN phone_encrypted VARCHAR(200);
