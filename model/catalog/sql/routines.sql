-- Functions, procedures and sequences of the user schemas, for the tree (and Show DDL on them).
-- Functions an extension installed are left out: they are the extension's, not the schema's.
SELECT n.nspname AS schema_name,
       'function' AS object_kind,
       p.proname AS object_name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p')
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT n.nspname, 'sequence', c.relname, NULL
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S'
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY 1, 2, 3, 4
