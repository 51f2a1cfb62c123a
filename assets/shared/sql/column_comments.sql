-- A table's or view's columns in order, with their types and comments (the definitions written in
-- the schema files; a view's in view_column_comments, as DuckDB comments no column of a view), for
-- the Dagster UI's column schema.
SELECT c.column_name, c.data_type, coalesce(c.comment, v.comment) AS comment
FROM duckdb_columns() AS c
LEFT JOIN view_column_comments AS v ON v.view_name = c.table_name AND v.column_name = c.column_name
WHERE c.table_name = $table AND c.schema_name = 'main' AND c.database_name = current_database()
ORDER BY c.column_index
