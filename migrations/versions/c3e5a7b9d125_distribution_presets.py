"""distribution presets of a district; standing list's removed rows

Revision ID: c3e5a7b9d125
Revises: b2d4f6a8c013
Create Date: 2026-12-02 03:30:00

distribution_presets: the usual higher offices a district's secretary adds to a list with
one click (ministry, DoICT, division, …). standing_distributions: a committee standing
list's note and the rows removed from it (the list itself stays committees.distribution).
The downgrade drops both tables (saved presets and remembered removals are lost).
"""
import sqlalchemy as sa
from alembic import op

revision = 'c3e5a7b9d125'
down_revision = 'b2d4f6a8c013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "distribution_presets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("tag", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("tag IN ('action', 'info')", name=op.f("ck_distribution_presets_tag")),
        sa.ForeignKeyConstraint(["district_id"], ["districts.id"], ondelete="CASCADE",
                                name=op.f("fk_distribution_presets_district_id_districts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_presets")),
    )
    with op.batch_alter_table("distribution_presets") as batch:
        batch.create_index(batch.f("ix_distribution_presets_district_id"), ["district_id"])
    op.create_table(
        "standing_distributions",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"], ondelete="CASCADE",
                                name=op.f("fk_standing_distributions_committee_id_committees")),
        sa.PrimaryKeyConstraint("committee_id", name=op.f("pk_standing_distributions")),
    )


def downgrade():
    op.drop_table("standing_distributions")
    with op.batch_alter_table("distribution_presets") as batch:
        batch.drop_index(batch.f("ix_distribution_presets_district_id"))
    op.drop_table("distribution_presets")
