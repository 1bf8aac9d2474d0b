module.exports = { parse: async () => {}, query: async () => {} };
