"""create workers

Revision ID: 3f2a9c1d7b01
Revises:
Create Date: 2024-03-04 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "3f2a9c1d7b01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String, nullable=False),
    )


def downgrade():
    op.drop_table("workers")
