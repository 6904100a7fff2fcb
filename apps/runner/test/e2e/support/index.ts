export * from "./compare.js"
export * from "./database.js"
export * from "./runner.js"
export * from "./shop.js"
