-- The schema the demo revisions (migrations/versions) must produce, written out by hand as one
-- script: tst_migrationrunner compares the catalog of both, fact by fact.
CREATE TYPE workload AS ENUM ('parttime', 'fulltime');

CREATE TABLE workers (
    id serial PRIMARY KEY,
    username varchar NOT NULL
);

CREATE TABLE resumes (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    compensation integer NULL,
    workload workload NOT NULL,
    worker_id integer NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT TIMEZONE('utc', now()),
    updated_at timestamp NOT NULL DEFAULT TIMEZONE('utc', now()),
    CONSTRAINT check_compensation_positive CHECK (compensation > 0)
);
CREATE INDEX title_index ON resumes (title);

-- A GUI edits rows outside any ORM, so the database keeps updated_at current itself.
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := TIMEZONE('utc', now());
    RETURN NEW;
END;
$$;
CREATE TRIGGER resumes_set_updated_at BEFORE UPDATE ON resumes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE vacancies (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    compensation integer NULL
);

CREATE TABLE vacancies_replies (
    resume_id integer REFERENCES resumes (id) ON DELETE CASCADE,
    vacancy_id integer REFERENCES vacancies (id) ON DELETE CASCADE,
    cover_letter varchar NULL,
    PRIMARY KEY (resume_id, vacancy_id)
);
