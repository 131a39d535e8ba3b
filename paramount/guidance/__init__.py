"""Telling the child: guidance sheets for the parent or carer on how to tell a child that their
parent is in prison, chosen by the child's age, the parent's legal status, the sentence and the
offence. The content is versioned data that the partner organisation's managers edit."""
