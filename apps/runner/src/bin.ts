#!/usr/bin/env node
import * as Main from "./Main.js"
import { sources } from "./sources.js"

Main.run(sources)
