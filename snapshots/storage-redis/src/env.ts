// Loads .env into process.env when the file exists; variables already set in the environment win.
// src/main.ts imports it first, before anything reads a setting; other entry points can do the same.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
