export * as Driver from "./Driver.js"
export * as PostgresWarehouse from "./PostgresWarehouse.js"
export * as Tables from "./Tables.js"
export * from "./WarehouseSql.js"
