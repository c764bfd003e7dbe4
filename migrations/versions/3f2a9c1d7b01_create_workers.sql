-- revision: 3f2a9c1d7b01
-- parents:
-- message: create workers
-- created: 2024-03-01

-- upgrade
CREATE TABLE workers (
    id serial PRIMARY KEY,
    username varchar NOT NULL
);

-- downgrade
DROP TABLE workers;
