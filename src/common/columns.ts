// The types a table column may declare (grammar/LANGUAGE.md, tables): written in rule text,
// checked by the table loader, carried by the IR's tables.

export type ColumnType = "procedure" | "diagnosis" | "modifier" | "code" | "pattern" | "text" | "integer" | "money" | "percent" | "date" | "boolean";
