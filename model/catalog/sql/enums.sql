-- Enum types of the user schemas, one row per label in declared order (enumsortorder, not
-- creation order: ALTER TYPE ... ADD VALUE BEFORE changes it). An enum without labels gives one
-- row with a NULL label.
SELECT n.nspname AS schema_name,
       t.typname AS type_name,
       e.enumlabel AS label
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e'
  AND n.nspname <> 'information_schema'
  AND left(n.nspname, 3) <> 'pg_'
ORDER BY n.nspname, t.typname, e.enumsortorder
