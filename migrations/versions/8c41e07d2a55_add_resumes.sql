-- revision: 8c41e07d2a55
-- parents: 3f2a9c1d7b01
-- message: add resumes with the workload enum
-- created: 2024-03-04

-- upgrade
CREATE TYPE workload AS ENUM ('parttime', 'fulltime');

CREATE TABLE resumes (
    id serial PRIMARY KEY,
    title varchar(256) NOT NULL,
    compensation integer NULL,
    workload workload NOT NULL,
    worker_id integer NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT TIMEZONE('utc', now()),
    updated_at timestamp NOT NULL DEFAULT TIMEZONE('utc', now())
);

-- downgrade
DROP TABLE resumes;
-- The type outlives the table: forgetting it breaks the next upgrade ("already exists").
DROP TYPE workload;
