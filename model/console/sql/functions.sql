-- Functions, aggregates, window functions and procedures with their arguments and result.
-- Those only the server calls (taking or returning internal, cstring, trigger, handlers) are
-- left out: nobody types them into a query.
SELECT n.nspname AS schema_name,
       p.proname AS function_name,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       coalesce(pg_catalog.pg_get_function_result(p.oid), '') AS result,
       p.prokind::text AS function_kind
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prorettype <> ALL (ARRAY['internal', 'cstring', 'trigger', 'event_trigger',
                                 'language_handler', 'fdw_handler', 'index_am_handler',
                                 'tsm_handler', 'table_am_handler']::pg_catalog.regtype[]::oid[])
  AND NOT (p.proargtypes::oid[] && ARRAY['internal', 'cstring']::pg_catalog.regtype[]::oid[])
  AND n.nspname NOT LIKE E'pg\\_toast%'
  AND n.nspname NOT LIKE E'pg\\_temp\\_%'
ORDER BY n.nspname, p.proname, 3
