/**
 * A separate small app that uses ory-graphql as a library (the packed tarball, installed with npm beside a copy
 * of this file in a temporary directory by test/library/packedLibrary.test.ts): its own `Post` type with an
 * `author: Identity`, merged with Ory's schema into one Apollo Server on its own Express app, with the HTTP
 * protections README's "Library mode" asks of such an app. It prints its URL, then serves until killed.
 */
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse } from 'graphql';
import {
  createOryGraphQL,
  httpServerOptions,
  loadConfig,
  withOry,
  type Context,
  type Identity,
} from 'ory-graphql';

interface Post {
  id: string;
  title: string;
  authorId: string;
}

const posts: Post[] = [];

const typeDefs = parse(`
  type Post { id: ID! title: String! author: Identity }
  extend type Query { posts: [Post!]! }
  extend type Mutation { createPost(title: String!): Post! }
`);

/** The author as Ory has it: any identity for administrators, only themselves for signed-in users. */
async function author(post: Post, ctx: Context): Promise<Identity | null> {
  if (await ctx.isAdmin()) return (await ctx.admin()).identityById.load(post.authorId);
  const session = await ctx.loaders.session();
  return session?.identity?.id === post.authorId ? session.identity : null;
}

const resolvers = {
  Query: { posts: () => posts },
  Mutation: {
    createPost: async (_parent: unknown, { title }: { title: string }, ctx: Context): Promise<Post> => {
      const session = await ctx.loaders.session();
      const authorId = session?.identity?.id;
      if (authorId === undefined)
        throw new GraphQLError('Sign in first.', { extensions: { code: 'UNAUTHENTICATED' } });
      const post = { id: String(posts.length + 1), title, authorId };
      posts.push(post);
      return post;
    },
  },
  Post: { author: (post: Post, _args: unknown, ctx: Context) => author(post, ctx) },
};

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.ory === null) throw new Error('set ORY_SDK_URL');
  const ory = await createOryGraphQL(withOry(config, config.ory));
  const schema = ory.buildSchema([{ typeDefs, resolvers }]);
  const apollo = new ApolloServer<Context>(ory.apolloOptions(schema));
  await apollo.start();
  const app = express();
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, { context: ({ req, res }) => Promise.resolve(ory.context(req, res)) }),
  );
  app.get('/notes', ory.sessions.requireSession(), (req, res) => {
    res.json({ owner: req.orySession?.identity?.id });
  });
  // The facade's slow-client timeouts on the app's own server.
  const server = createServer(httpServerOptions(config), app).listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address !== null)
      process.stdout.write(`http://127.0.0.1:${address.port}\n`);
  });
}

void main();
