-- Resumes that mention a skill and pay at least a minimum, then a raise for them.
-- dbexplorer sql examples/sql/python-resumes.sql CONNECTION --param skill=Python --param min=60000
SELECT w.username, r.title, r.compensation, r.workload
FROM resumes r
JOIN workers w ON w.id = r.worker_id
WHERE r.title ILIKE '%' || :skill || '%' AND r.compensation >= :min
ORDER BY r.compensation DESC, r.id;

UPDATE resumes
SET compensation = compensation + 5000
WHERE title ILIKE '%' || :skill || '%' AND compensation >= :min;
