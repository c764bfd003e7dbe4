-- revision: 1b6f8d2e4a70
-- parents: e7a0c4b8d913
-- message: add vacancies and the replies linking them to resumes
-- created: 2024-03-15

-- upgrade
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

-- downgrade
DROP TABLE vacancies_replies;
DROP TABLE vacancies;
