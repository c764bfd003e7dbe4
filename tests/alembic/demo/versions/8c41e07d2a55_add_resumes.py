"""add resumes with the workload enum

Revision ID: 8c41e07d2a55
Revises: 3f2a9c1d7b01
Create Date: 2024-03-04 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "8c41e07d2a55"
down_revision = "3f2a9c1d7b01"
branch_labels = None
depends_on = None

workload = sa.Enum("parttime", "fulltime", name="workload")


def upgrade():
    op.create_table(
        "resumes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("compensation", sa.Integer, nullable=True),
        sa.Column("workload", workload, nullable=False),
        sa.Column(
            "worker_id",
            sa.Integer,
            sa.ForeignKey("workers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime,
            nullable=False,
            server_default=sa.text("TIMEZONE('utc', now())"),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime,
            nullable=False,
            server_default=sa.text("TIMEZONE('utc', now())"),
        ),
        sa.CheckConstraint("compensation > 0", name="check_compensation_positive"),
    )
    op.create_index("title_index", "resumes", ["title"])


def downgrade():
    op.drop_index("title_index", table_name="resumes")
    op.drop_table("resumes")
    workload.drop(op.get_bind(), checkfirst=False)
