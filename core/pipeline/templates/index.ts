// The registration list of task templates, by complexity: one template per file, listed here once.
import type { Complexity, TaskTemplate } from '../task';
import { emailValidator } from './easy/email-validator';
import { ipv4Parser } from './easy/ipv4-parser';
import { palindrome } from './easy/palindrome';
import { passwordStrength } from './easy/password-strength';
import { slugify } from './easy/slugify';
import { urlValidator } from './easy/url-validator';
import { binarySearch } from './hard/binary-search';
import { dijkstra } from './hard/dijkstra';
import { editDistance } from './hard/edit-distance';
import { flatten } from './hard/flatten';
import { knapsack } from './hard/knapsack';
import { mergeSort } from './hard/merge-sort';
import { boundedQueue } from './medium/bounded-queue';
import { eventBus } from './medium/event-bus';
import { lruCache } from './medium/lru-cache';
import { rateLimiter } from './medium/rate-limiter';
import { restHandler } from './medium/rest-handler';
import { shoppingCart } from './medium/shopping-cart';

export const templates: readonly TaskTemplate[] = [
  // easy: validation and string functions
  emailValidator, urlValidator, ipv4Parser, passwordStrength, slugify, palindrome,
  // medium: an API handler and data structures
  restHandler, boundedQueue, lruCache, rateLimiter, eventBus, shoppingCart,
  // hard: sorting, searching, recursion, dynamic programming, graph search
  mergeSort, binarySearch, flatten, editDistance, knapsack, dijkstra,
];

export function templatesOf(complexity: Complexity): TaskTemplate[] {
  return templates.filter((t) => t.complexity === complexity);
}
