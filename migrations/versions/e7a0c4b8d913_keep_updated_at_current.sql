-- revision: e7a0c4b8d913
-- parents: 5d9b3e6f1c22
-- message: keep resumes.updated_at current on every update
-- created: 2024-03-11

-- upgrade
-- A GUI edits rows outside any ORM, so the database keeps updated_at current itself.
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := TIMEZONE('utc', now());
    RETURN NEW;
END;
$$;
CREATE TRIGGER resumes_set_updated_at BEFORE UPDATE ON resumes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- downgrade
DROP TRIGGER resumes_set_updated_at ON resumes;
DROP FUNCTION set_updated_at();
