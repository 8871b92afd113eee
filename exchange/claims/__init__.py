"""What staff chase: incoming shipments overdue, partners that send nothing while we
send, outgoing shipments never acknowledged; the claims recorded, their replies and
their letters; claims for many shipments at once (`bulk`) and their letters, one per
partner (`letters`)."""
