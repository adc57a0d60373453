// The hashing embedder: shape, determinism, tokenisation, retrieval quality on a labelled set, and hash spread.
import { describe, expect, it } from 'vitest';
import { cosine } from './embedder';
import { charNgrams, createHashingEmbedder, featureSlot, hash32, tokenize } from './hashing-embedder';

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

// Corpus of 30 memory-like texts; the first 10 are the intended matches of QUERIES (same order).
const CORPUS = [
  'validateEmail checks that an email address is well formed',
  'quickSort partitions the array around a pivot and recurses',
  'the learning rate schedule decays with cosine annealing',
  'connect to the sqlite database and run migrations on startup',
  'parse the CSV file into rows of numeric columns',
  'the service worker caches assets so the app works offline',
  'train the neural network with the adam optimizer for ten epochs',
  'compute the gradient of the loss with backpropagation',
  'render the loss curve as a line chart on a canvas',
  'hash the user password with a salt before storing it',
  // distractors
  'the weather forecast predicts rain tomorrow afternoon',
  'binary search finds an element in a sorted list',
  'resize the image to a thumbnail preserving the aspect ratio',
  'send an http request and retry on network failure',
  'format a date as an ISO string in the local time zone',
  'the button opens a modal dialog with a form',
  'shuffle the dataset with a seeded random generator',
  'export the trained model weights to a json file',
  'merge two branches and resolve the conflicts',
  'the dark theme uses a high contrast colour palette',
  'count word frequencies in a large text document',
  'the matrix multiplication kernel uses simd instructions',
  'log every warning to the developer console',
  'the recipe needs two eggs flour and sugar',
  'schedule a meeting with the team for monday morning',
  'compress the archive with gzip before uploading',
  'the cat slept on the warm windowsill all day',
  'convert temperature from celsius to fahrenheit',
  'the tokenizer splits text into subword units',
  'paginate the query results twenty items per page',
];

// Paraphrases with inflections, misspellings, hyphenation and identifier forms of CORPUS[0..9].
const QUERIES = [
  'validates an e-mail adress',
  'quick sort algorithm with pivot',
  'cosine learning-rate decay',
  'sqlite migration at start up',
  'parsing csv columns',
  'offline caching in the serviceWorker',
  'adam optimiser training epochs',
  'backprop gradients of the loss function',
  'plot loss chart on canvas',
  'salted password hashing',
];

describe('createHashingEmbedder', () => {
  const emb = createHashingEmbedder();

  it('has the requested dimension and returns unit vectors', () => {
    expect(emb.dim).toBe(384);
    const v = emb.embed('validate email address');
    expect(v).toBeInstanceOf(Float32Array);
    expect(v.length).toBe(384);
    expect(norm(v)).toBeCloseTo(1, 5);
    const small = createHashingEmbedder({ dim: 64, ngram: [2, 5] });
    expect(small.embed('hello world').length).toBe(64);
    expect(norm(small.embed('hello world'))).toBeCloseTo(1, 5);
  });

  it('is deterministic, also across instances, and batches agree with single embeds', () => {
    const a = emb.embed('Train the network with Adam');
    expect(Array.from(emb.embed('Train the network with Adam'))).toEqual(Array.from(a));
    expect(Array.from(createHashingEmbedder().embed('Train the network with Adam'))).toEqual(Array.from(a));
    const batch = emb.embedBatch(['one', 'Train the network with Adam', '']);
    expect(batch.length).toBe(3 * 384);
    expect(Array.from(batch.subarray(384, 768))).toEqual(Array.from(a));
    expect(Array.from(batch.subarray(0, 384))).toEqual(Array.from(emb.embed('one')));
    // A different seed is a different space.
    expect(Array.from(createHashingEmbedder({ seed: 1 }).embed('Train the network with Adam'))).not.toEqual(Array.from(a));
  });

  it('gives all zeros (never NaN) for empty, whitespace or punctuation-only text', () => {
    for (const t of ['', '   \n\t ', '!?., -- ()', '___']) {
      const v = emb.embed(t);
      expect(v.every((x) => x === 0)).toBe(true);
      expect(cosine(v, emb.embed('hello'))).toBe(0);
    }
  });

  it('folds case and NFKC compatibility forms', () => {
    const plain = Array.from(emb.embed('validate email'));
    expect(Array.from(emb.embed('VALIDATE Email'))).toEqual(plain);
    expect(Array.from(emb.embed('ｖａｌｉｄａｔｅ　ｅｍａｉｌ'))).toEqual(plain); // full-width letters and space
    // Composed and decomposed é normalise to the same text.
    expect(Array.from(emb.embed('caf\u00e9'))).toEqual(Array.from(emb.embed('cafe\u0301')));
  });

  it('scores shared words and shared n-grams above unrelated text', () => {
    const q = emb.embed('validate email address');
    const near = cosine(q, emb.embed('validates an e-mail adress'));
    const far = cosine(q, emb.embed('quick sort algorithm'));
    expect(near).toBeGreaterThan(far + 0.2);
    expect(cosine(q, emb.embed('validateEmailAddress'))).toBeGreaterThan(far + 0.2);
  });

  it('ranks the intended match first for at least 90% of labelled queries', () => {
    const docs = CORPUS.map((t) => emb.embed(t));
    let hits = 0;
    for (let qi = 0; qi < QUERIES.length; qi++) {
      const q = emb.embed(QUERIES[qi]);
      const scores = docs.map((d) => cosine(q, d));
      const best = scores.indexOf(Math.max(...scores));
      if (best === qi) hits++;
    }
    expect(QUERIES.length).toBe(10);
    expect(CORPUS.length).toBe(30);
    expect(hits / QUERIES.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('tokenize and charNgrams', () => {
  it('splits on non-alphanumerics and keeps camelCase / snake_case parts plus the joined form', () => {
    expect(tokenize('validateEmail')).toEqual(['validate', 'email', 'validateemail']);
    expect(tokenize('max_batch_size')).toEqual(['max', 'batch', 'size', 'maxbatchsize']);
    expect(tokenize('XMLParser v2')).toEqual(['xml', 'parser', 'xmlparser', 'v2']);
    expect(tokenize('e-mail, adress!')).toEqual(['e', 'mail', 'adress']);
    expect(tokenize('Größe über 3ｋｇ')).toEqual(['größe', 'über', '3kg']);
    expect(tokenize('  ')).toEqual([]);
  });

  it('takes boundary-marked n-grams by code point', () => {
    expect(charNgrams('email', 3, 4)).toEqual(['#em', 'ema', 'mai', 'ail', 'il#', '#ema', 'emai', 'mail', 'ail#']);
    expect(charNgrams('a😀', 3, 3)).toEqual(['#a😀', 'a😀#']);
  });
});

describe('feature hashing spread', () => {
  it('keeps hash32 bit-for-bit stable (stored vectors depend on it; change the embedder name if it ever changes)', () => {
    expect(['', 'a', 'email', '#ema', 'größe😀'].map((s) => hash32(s, 0))).toEqual([0, 1009084850, 1204745487, 4024537069, 1120351267]);
    expect(hash32('email', 7)).toBe(2756061539);
    expect(createHashingEmbedder().name).toBe('hashing-v1-d384-n3-4-tw2-gw1-s0');
  });

  it('spreads 10,000 distinct tokens uniformly over the indexes with balanced signs', () => {
    const dim = 384, n = 10_000;
    const counts = new Float64Array(dim);
    let positive = 0;
    for (let i = 0; i < n; i++) {
      const { index, sign } = featureSlot(`tok${i}`, 12345, dim);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(dim);
      counts[index]++;
      if (sign > 0) positive++;
    }
    // Chi-square with dim-1 = 383 degrees of freedom: mean 383, sd √766 ≈ 27.7; allow ±5 sd.
    const expected = n / dim;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    expect(chi2).toBeGreaterThan(383 - 5 * 27.7);
    expect(chi2).toBeLessThan(383 + 5 * 27.7);
    // Signs: binomial(10000, ½) has sd 50; allow ±5 sd.
    expect(Math.abs(positive - n / 2)).toBeLessThan(250);
  });
});
