-- Tables, partitioned tables, views, materialized views and foreign tables of every schema.
-- The oid links the columns and foreign keys to them without comparing names.
SELECT c.oid::bigint AS relation_oid,
       n.nspname AS schema_name,
       c.relname AS relation_name,
       c.relkind::text AS relation_kind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT LIKE E'pg\\_toast%'
  AND n.nspname NOT LIKE E'pg\\_temp\\_%'
