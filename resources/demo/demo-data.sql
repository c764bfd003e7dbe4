-- Deterministic demo data: the same rows on every machine, so screenshots, tests and the
-- examples in the documentation agree.
INSERT INTO workers (id, username) VALUES
    (1, 'Bobr'), (2, 'Volk'), (3, 'Misha'), (4, 'Lisa'), (5, 'Yozh'),
    (6, 'Sova'), (7, 'Zayats'), (8, 'Medved'), (9, 'Enot'), (10, 'Krot');
SELECT setval(pg_get_serial_sequence('workers', 'id'), 10);

INSERT INTO resumes (id, title, compensation, workload, worker_id, created_at, updated_at) VALUES
    (1,  'Python developer',              65000,  'fulltime', 1,  '2024-01-15 09:30', '2024-01-15 09:30'),
    (2,  'Python Junior Developer',       50000,  'fulltime', 1,  '2024-02-02 11:00', '2024-03-01 08:15'),
    (3,  'Data Engineer (Scala, Spark)',  250000, 'parttime', 2,  '2024-01-20 14:45', '2024-01-20 14:45'),
    (4,  'Data Scientist',                300000, 'fulltime', 2,  '2024-02-11 10:05', '2024-02-11 10:05'),
    (5,  'Senior Python engineer',        180000, 'fulltime', 3,  '2024-03-03 16:20', '2024-04-10 12:00'),
    (6,  'Python backend developer',      NULL,   'parttime', 3,  '2024-03-05 08:00', '2024-03-05 08:00'),
    (7,  'Go developer',                  150000, 'fulltime', 4,  '2024-01-28 13:10', '2024-01-28 13:10'),
    (8,  'Frontend developer (React)',    120000, 'fulltime', 4,  '2024-02-19 09:45', '2024-02-19 09:45'),
    (9,  'QA automation engineer (Python)', 60000, 'parttime', 5, '2024-02-21 15:30', '2024-02-21 15:30'),
    (10, 'DevOps engineer',               NULL,   'fulltime', 5,  '2024-03-12 10:40', '2024-03-12 10:40'),
    (11, 'PostgreSQL DBA',                210000, 'fulltime', 6,  '2024-01-09 12:00', '2024-01-09 12:00'),
    (12, 'Python developer (Django)',     55000,  'parttime', 6,  '2024-03-18 17:05', '2024-03-18 17:05'),
    (13, 'Java backend developer',        170000, 'fulltime', 7,  '2024-02-07 09:00', '2024-02-07 09:00'),
    (14, 'Data analyst',                  45000,  'parttime', 7,  '2024-03-25 14:00', '2024-03-25 14:00'),
    (15, 'Python Intern',                 30000,  'parttime', 8,  '2024-04-01 10:30', '2024-04-01 10:30'),
    (16, 'Technical writer',              NULL,   'parttime', 8,  '2024-04-02 11:30', '2024-04-02 11:30'),
    (17, 'Machine learning engineer (Python)', 230000, 'fulltime', 9, '2024-04-05 13:00', '2024-04-05 13:00'),
    (18, 'Rust developer',                200000, 'fulltime', 9,  '2024-04-08 15:15', '2024-04-08 15:15');
SELECT setval(pg_get_serial_sequence('resumes', 'id'), 18);

INSERT INTO vacancies (id, title, compensation) VALUES
    (1, 'Python developer',            120000),
    (2, 'Senior Python developer',     220000),
    (3, 'Data engineer',               200000),
    (4, 'Frontend developer',          140000),
    (5, 'DevOps / SRE',                NULL),
    (6, 'PostgreSQL administrator',    190000),
    (7, 'QA engineer',                 90000),
    (8, 'Python intern',               NULL);
SELECT setval(pg_get_serial_sequence('vacancies', 'id'), 8);

INSERT INTO vacancies_replies (resume_id, vacancy_id, cover_letter) VALUES
    (1,  1, 'Three years of Flask and FastAPI; I would love to work on your API.'),
    (2,  1, 'Junior, eager to learn, strong SQL.'),
    (2,  8, NULL),
    (3,  3, 'Built ETL pipelines on Airflow and PostgreSQL.'),
    (5,  2, 'Led a team of four; async Python and SQLAlchemy 2.0.'),
    (5,  1, NULL),
    (6,  1, 'Part-time only, evenings.'),
    (8,  4, 'React, TypeScript, accessibility.'),
    (9,  7, 'pytest, Playwright, CI pipelines.'),
    (10, 5, 'Kubernetes, Terraform, on-call experience.'),
    (11, 6, 'Replication, partitioning, query tuning.'),
    (12, 1, 'Django REST framework, Celery.'),
    (15, 8, 'Finishing university, looking for an internship.'),
    (17, 3, NULL),
    (17, 2, 'PyTorch in production, feature stores.');
