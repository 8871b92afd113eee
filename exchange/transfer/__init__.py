"""Files in and out: the imports of partners, rates and shipments (all or nothing, every
problem listed as `row N, column C: message`, previewed on the web before they are
written) and the exports in the same columns, so that an export imports again."""
