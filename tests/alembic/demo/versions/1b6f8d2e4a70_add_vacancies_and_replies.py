"""add vacancies and replies

Revision ID: 1b6f8d2e4a70
Revises: 8c41e07d2a55
Create Date: 2024-03-05 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "1b6f8d2e4a70"
down_revision = "8c41e07d2a55"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "vacancies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("compensation", sa.Integer, nullable=True),
    )
    op.create_table(
        "vacancies_replies",
        sa.Column(
            "resume_id",
            sa.Integer,
            sa.ForeignKey("resumes.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "vacancy_id",
            sa.Integer,
            sa.ForeignKey("vacancies.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("cover_letter", sa.String, nullable=True),
    )


def downgrade():
    op.drop_table("vacancies_replies")
    op.drop_table("vacancies")
