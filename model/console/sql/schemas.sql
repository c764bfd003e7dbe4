-- The schemas completion offers, and the search_path (pg_catalog included where it is implicit)
-- that decides which names go in unqualified. Temporary and TOAST schemas are left out.
SELECT n.nspname AS schema_name,
       array_position(current_schemas(true), n.nspname) AS search_position
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT LIKE E'pg\\_toast%'
  AND n.nspname NOT LIKE E'pg\\_temp\\_%'
ORDER BY n.nspname
