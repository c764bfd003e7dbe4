-- revision: 5d9b3e6f1c22
-- parents: 8c41e07d2a55
-- message: index resume titles, require a positive compensation
-- created: 2024-03-07

-- upgrade
CREATE INDEX title_index ON resumes (title);
ALTER TABLE resumes
    ADD CONSTRAINT check_compensation_positive CHECK (compensation > 0);

-- downgrade
ALTER TABLE resumes DROP CONSTRAINT check_compensation_positive;
DROP INDEX title_index;
