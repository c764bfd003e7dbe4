-- Every user schema with its tables, partitioned tables, views, materialized views and foreign
-- tables. Starts from pg_namespace so that a schema without relations is still listed (its row
-- has a NULL relation). reltuples is -1 until the table is first vacuumed or analysed.
SELECT n.nspname AS schema_name,
       c.relname AS relation_name,
       c.relkind::text AS relation_kind,
       coalesce(obj_description(c.oid, 'pg_class'), '') AS relation_comment,
       CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS estimated_rows,
       current_database() AS database_name
FROM pg_catalog.pg_namespace n
LEFT JOIN pg_catalog.pg_class c
       ON c.relnamespace = n.oid
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
WHERE n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY n.nspname, c.relname
