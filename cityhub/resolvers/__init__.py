"""Domain logic per domain: queries, commands and rules. No GraphQL or HTTP here."""
