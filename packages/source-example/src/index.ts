export { ExampleSource } from "./ExampleSource.js"
export { Library } from "./Library.js"
