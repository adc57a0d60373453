// neural_patterns: the reference's cognitive-pattern tool, answered by core/patterns (a classifier trained on 520 hand-written operations, and the recorded outcomes of similar operations).
import type { NeuralPatternsInput } from '../patterns/api';
import { PATTERNS } from '../patterns/operation';
import { rehome } from './errors';
import { defineTool } from './tool';

const OPERATION = {
  type: ['string', 'object'],
  description: 'The operation: an object (or its JSON text) like the reference\'s {type, complexity, agents, duration, description, …}, or plain text taken as its description.',
} as const;

export const neuralPatterns = defineTool<NeuralPatternsInput>({
  name: 'neural_patterns',
  title: 'Cognitive patterns of operations',
  description:
    `analyze: classifies an operation's cognitive pattern (${PATTERNS.join(', ')}) with a classifier trained on labelled operations (its held-out accuracy is measured; ` +
    'confidence is its probability), lists the most similar recorded operations with their similarity, and recommends from the recorded outcomes of those (or says there is not enough evidence yet). ' +
    'learn: records an operation with its outcome ({success, duration, …}; metadata.pattern labels it) for later analyses and predictions. ' +
    'predict: success probability and expected duration of a planned operation from at least 3 similar recorded outcomes, with the evidence count; null with the reason below that.',
  inputSchema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['analyze', 'learn', 'predict'], description: 'analyze, learn or predict.' },
      operation: OPERATION,
      outcome: { type: ['string', 'object'], description: 'learn: what happened — an object (or its JSON text) such as {"success": true, "duration": 3200}.' },
      metadata: { type: ['string', 'object'], description: 'Any context; metadata.pattern (one of the six) labels the operation when learning.' },
    },
    required: ['action', 'operation'],
    additionalProperties: false,
  },
  // learn stores; analyze and predict only read (the classifier trains at first use and is cached, which is not a user-visible change).
  async run(input, ctx) {
    const result = await rehome((f) => f ?? 'operation', () => ctx.engine.call('neural_patterns', input));
    return { success: true, ...result };
  },
});
