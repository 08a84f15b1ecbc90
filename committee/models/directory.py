"""Districts, upazilas and the directory of offices/designations of each district."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import OfficeKind

OFFICE_KINDS = OfficeKind.values()

# A group ("উপজেলা নির্বাহী অফিসার (সকল)") stands for its member offices.
office_group_members = Table(
    "office_group_members",
    db.metadata,
    Column("group_id", ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class District(db.Model):
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    name_en: Mapped[str | None] = mapped_column(String(80))

    upazilas: Mapped[list[Upazila]] = relationship(
        back_populates="district", order_by="Upazila.name"
    )

    def __repr__(self) -> str:
        return f"<District {self.name}>"


class Upazila(db.Model):
    __tablename__ = "upazilas"
    __table_args__ = (UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str | None] = mapped_column(String(80))

    district: Mapped[District] = relationship(back_populates="upazilas")


class Office(db.Model):
    """An office or designation a decision can be assigned to, or a group of them."""

    __tablename__ = "offices"
    __table_args__ = (UniqueConstraint("district_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    upazila_id: Mapped[int | None] = mapped_column(ForeignKey("upazilas.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    # match_key(name): what lookups compare against.
    key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=OfficeKind.OFFICE.value)

    district: Mapped[District] = relationship()
    upazila: Mapped[Upazila | None] = relationship()
    aliases: Mapped[list[OfficeAlias]] = relationship(
        back_populates="office", cascade="all, delete-orphan", order_by="OfficeAlias.id"
    )
    members: Mapped[list[Office]] = relationship(
        secondary=office_group_members,
        primaryjoin=lambda: Office.id == office_group_members.c.group_id,
        secondaryjoin=lambda: Office.id == office_group_members.c.office_id,
        order_by=lambda: Office.name,
    )

    @property
    def is_group(self) -> bool:
        return self.kind == OfficeKind.GROUP

    def __repr__(self) -> str:
        return f"<Office {self.name}>"


class OfficeAlias(db.Model):
    __tablename__ = "office_aliases"
    __table_args__ = (UniqueConstraint("district_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    # Denormalized so an alias is unique within its district.
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))

    office: Mapped[Office] = relationship(back_populates="aliases")

