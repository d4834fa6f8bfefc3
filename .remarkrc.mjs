import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, {
      schemas: {
        './schemas/review.schema.json': ['./content/deals/**/*.md'],
        './schemas/question.schema.json': ['./content/questions/*.md'],
        './schemas/plan.schema.json': ['./content/plans/*.md'],
        './schemas/log.schema.json': ['./content/logs/*.md'],
      },
    }],
  ],
};
