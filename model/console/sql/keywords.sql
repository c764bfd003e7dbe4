-- PostgreSQL's keywords with their category (U unreserved, C column name, T type or function
-- name, R reserved): a reserved name must be quoted to be used as an identifier.
SELECT word, catcode::text AS category
FROM pg_catalog.pg_get_keywords()
ORDER BY word
