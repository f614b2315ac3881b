"""Widgets of the current Judicial Council forms CR-400, CR-401 and CR-403 (Rev. January 1, 2024).

Transcribed from ``../shared/forms/fields.json`` (sections 3-5 of ``FIELDS.md``: a census measured
from the official files whose SHA-256 values are pinned in ``SOURCES.md``). Each row is the fully
qualified field name, its type, page, rectangle ``[x0, y0, x1, y1]`` in points, checkbox on-state,
MaxLen and whether it is read-only. The footer pushbuttons (Print, Save, Clear, the "Warning"
caption and the court link) are left out: they run JavaScript in Adobe Reader and carry no data.

``tests/forms/test_templates.py`` checks every row against ``fields.json``; the project's own
templates are built from these rows (``forms/build_templates.py``), so one field map fills both.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Widget:
    name: str
    kind: str  # "text" or "checkbox"
    page: int  # 1-based
    rect: tuple[float, float, float, float]
    on: str | None = None  # checkbox on-state
    maxlen: int | None = None
    readonly: bool = False
    blank_v_empty: bool = False  # the official blank form has /V () instead of /Off


CR400_2024: tuple[Widget, ...] = (
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].AttyBarNo[0]",
        "text",
        1,
        (308.83, 733.62, 393.99, 742.62),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Name[0]",
        "text",
        1,
        (57.55, 722.05, 393.99, 731.05),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].AttyFirm[0]",
        "text",
        1,
        (73.67, 710.48, 393.99, 719.48),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Street[0]",
        "text",
        1,
        (95.56, 698.91, 393.99, 707.91),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].City[0]",
        "text",
        1,
        (54.34, 687.34, 240.41, 696.34),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].State[0]",
        "text",
        1,
        (263.52, 687.34, 293.67, 696.34),
        maxlen=2,
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Zip[0]",
        "text",
        1,
        (326.75, 687.34, 393.99, 696.34),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Phone[0]",
        "text",
        1,
        (89.77, 675.77, 216.83, 684.77),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Fax[0]",
        "text",
        1,
        (266.11, 675.77, 393.99, 684.77),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].Email[0]",
        "text",
        1,
        (91.06, 664.2, 393.99, 673.2),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].AttyPartyInfo[0].AttyFor[0]",
        "text",
        1,
        (107.81, 652.63, 393.99, 661.63),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtCounty[0]",
        "text",
        1,
        (227.71, 637.7, 393.99, 646.7),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtStreet[0]",
        "text",
        1,
        (96.99, 626.76, 393.99, 635.76),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtMailingAdd[0]",
        "text",
        1,
        (96.99, 615.82, 393.99, 624.82),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtCityZip[0]",
        "text",
        1,
        (96.99, 604.56, 393.98, 613.56),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].HeaderSub[0].CaseNumber[0].CaseNumber[0]",
        "text",
        1,
        (400.07, 562.09, 572.87, 577.01),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].Party[0].Party2[0]",
        "text",
        1,
        (96.07, 553.88, 392.86, 563.17),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CrtUse[0].DateField1[0]",
        "text",
        1,
        (451.07, 521.84, 556.44, 530.84),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CrtUse[0].TextField[0]",
        "text",
        1,
        (451.07, 509.34, 556.44, 518.34),
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].FormTitle[0].#area[0].Checkbox[0]",
        "checkbox",
        1,
        (43.89, 507.07, 52.89, 516.07),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].FormTitle[0].#area[1].Checkbox[1]",
        "checkbox",
        1,
        (211.28, 507.06, 220.28, 516.06),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].P1Caption[0].CrtUse[0].TextField[1]",
        "text",
        1,
        (476.43, 496.56, 556.44, 505.56),
    ),
    Widget(
        "CR-400[0].Page1[0].LI1[0].li1a[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 411.65, 79.64, 420.65),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI1[0].li1b[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 394.51, 79.64, 403.51),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI1[0].li1c[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 377.46, 79.64, 386.46),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI1[0].li1d[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 360.22, 79.64, 369.22),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI1[0].li1e[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 343.08, 79.64, 352.08),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI2[0].li2a[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 303.47, 79.64, 312.47),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI2[0].li2b[0].Checkbox[0]",
        "checkbox",
        1,
        (70.64, 275.86, 79.64, 284.86),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI3[0].li3[0].Checkbox[0]",
        "checkbox",
        1,
        (55.85, 223.62, 64.85, 232.62),
        on="Yes",
    ),
    Widget(
        "CR-400[0].Page1[0].LI4[0].li4[0].Checkbox[0]",
        "checkbox",
        1,
        (55.85, 167.99, 64.85, 176.99),
        on="Yes",
    ),
    Widget("CR-400[0].Page1[0].SigBlock[0].SigDate[0]", "text", 1, (61.2, 133.15, 169.2, 143.15)),
    Widget("CR-400[0].Page1[0].SigBlock[0].SigName[0]", "text", 1, (36.0, 105.28, 275.88, 120.4)),
)

CR401_2024: tuple[Widget, ...] = (
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyBarNo[0]",
        "text",
        1,
        (308.83, 732.85, 393.99, 741.85),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Name[0]",
        "text",
        1,
        (57.55, 721.28, 393.99, 730.28),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyFirm[0]",
        "text",
        1,
        (73.67, 709.71, 393.99, 718.71),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Street[0]",
        "text",
        1,
        (95.56, 698.14, 393.99, 707.14),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].City[0]",
        "text",
        1,
        (54.34, 686.58, 240.41, 695.58),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].State[0]",
        "text",
        1,
        (263.52, 686.58, 293.67, 695.58),
        maxlen=2,
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Zip[0]",
        "text",
        1,
        (327.01, 686.58, 393.99, 695.58),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Phone[0]",
        "text",
        1,
        (89.77, 675.01, 216.83, 684.01),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Fax[0]",
        "text",
        1,
        (266.11, 675.01, 393.99, 684.01),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].Email[0]",
        "text",
        1,
        (91.06, 663.44, 393.99, 672.44),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyFor[0]",
        "text",
        1,
        (107.81, 651.87, 393.99, 660.87),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].CourtInfo[0].CrtCounty[0]",
        "text",
        1,
        (227.71, 636.88, 393.99, 645.88),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].CourtInfo[0].CrtStreet[0]",
        "text",
        1,
        (96.99, 625.94, 393.99, 634.94),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].CourtInfo[0].CrtMailingAdd[0]",
        "text",
        1,
        (96.99, 615.0, 393.99, 624.0),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].CourtInfo[0].CrtCityZip[0]",
        "text",
        1,
        (96.99, 603.74, 393.98, 612.74),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].HeaderSub[0].CaseNumber[0].CaseNumber[0]",
        "text",
        1,
        (400.41, 564.1, 573.21, 579.47),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].TitlePartyName[0].Party2[0]",
        "text",
        1,
        (89.94, 556.67, 394.8, 565.97),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[0]",
        "text",
        1,
        (451.41, 521.89, 556.77, 530.89),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[1]",
        "text",
        1,
        (451.41, 509.38, 556.77, 518.38),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[2]",
        "text",
        1,
        (478.53, 496.61, 556.77, 505.61),
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].FormTitle[0].#area[0].Checkbox[0]",
        "checkbox",
        1,
        (77.08, 494.44, 86.08, 503.44),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].Caption[0].FormTitle[0].Checkbox[1]",
        "checkbox",
        1,
        (304.86, 493.75, 313.86, 502.75),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].LI1[0].li1a[0].ServingName[0]",
        "text",
        1,
        (93.77, 458.97, 489.18, 467.97),
    ),
    Widget(
        "CR-401[0].Page1[0].LI1[0].li1b[0].ServingAdd[0]", "text", 1, (198.5, 443.34, 490.1, 452.34)
    ),
    Widget(
        "CR-401[0].Page1[0].LI1[0].li1c[0].ServingTel[0]",
        "text",
        1,
        (112.23, 428.23, 297.69, 438.04),
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2a[0].PersonServed[0]",
        "text",
        1,
        (163.7, 389.61, 490.1, 398.61),
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2b[0].AddServed[0]",
        "text",
        1,
        (160.71, 375.57, 489.72, 384.57),
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2c[0].DateServed[0]",
        "text",
        1,
        (121.66, 361.53, 222.36, 370.53),
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2d[0].Timeserved[0]",
        "text",
        1,
        (122.86, 347.49, 222.36, 356.49),
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2d[0].Checkbox[0]",
        "checkbox",
        1,
        (241.94, 347.49, 250.94, 356.49),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].LI2[0].li2d[0].Checkbox[1]",
        "checkbox",
        1,
        (301.35, 347.49, 310.35, 356.49),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].LI3[0].li3a[0].Checkbox[0]",
        "checkbox",
        1,
        (68.97, 320.0, 77.97, 329.0),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].LI3[0].li3b[0].Checkbox[0]",
        "checkbox",
        1,
        (68.97, 259.25, 77.97, 268.25),
        on="Yes",
    ),
    Widget(
        "CR-401[0].Page1[0].LI3[0].li3b[0].LI3b[0].li3b1[0].USMail[0]",
        "checkbox",
        1,
        (87.52, 230.51, 96.52, 239.51),
        on="1",
        blank_v_empty=True,
    ),
    Widget(
        "CR-401[0].Page1[0].LI3[0].li3b[0].LI3b[0].li3b2[0].USMail[0]",
        "checkbox",
        1,
        (86.95, 217.84, 95.95, 226.84),
        on="2",
        blank_v_empty=True,
    ),
    Widget("CR-401[0].Page1[0].LI3[0].li3b[0].T121[0]", "text", 1, (83.81, 147.41, 576.0, 162.94)),
    Widget(
        "CR-401[0].Page1[0].POPsig[0].ExecutedDate[0]", "text", 1, (59.99, 113.95, 169.2, 122.95)
    ),
    Widget(
        "CR-401[0].Page1[0].POPsig[0].AttyName_ft[0]", "text", 1, (332.23, 92.17, 567.86, 102.79)
    ),
)

CR403_2024: tuple[Widget, ...] = (
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyBarNo[0]",
        "text",
        1,
        (308.83, 733.16, 393.99, 742.16),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Name[0]",
        "text",
        1,
        (57.55, 721.6, 393.99, 730.6),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyFirm[0]",
        "text",
        1,
        (73.67, 710.02, 393.99, 719.02),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Street[0]",
        "text",
        1,
        (95.56, 698.46, 393.99, 707.46),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].City[0]",
        "text",
        1,
        (54.34, 686.89, 240.41, 695.89),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].State[0]",
        "text",
        1,
        (263.52, 686.89, 293.67, 695.89),
        maxlen=2,
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Zip[0]",
        "text",
        1,
        (326.75, 686.89, 393.99, 695.89),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Phone[0]",
        "text",
        1,
        (89.77, 675.32, 216.83, 684.32),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Fax[0]",
        "text",
        1,
        (266.11, 675.32, 393.99, 684.32),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].Email[0]",
        "text",
        1,
        (91.06, 663.75, 393.99, 672.75),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].AttyPartyInfo[0].AttyFor[0]",
        "text",
        1,
        (107.81, 652.18, 393.99, 661.18),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].CourtInfo[0].CrtCounty[0]",
        "text",
        1,
        (227.71, 637.19, 393.99, 646.19),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].CourtInfo[0].CrtStreet[0]",
        "text",
        1,
        (96.99, 626.25, 393.99, 635.25),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].CourtInfo[0].CrtMailingAdd[0]",
        "text",
        1,
        (96.99, 615.31, 393.99, 624.31),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].CourtInfo[0].CrtCityZip[0]",
        "text",
        1,
        (96.99, 604.05, 393.98, 613.05),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].HeaderSub[0].CaseNumber[0].CaseNumber1[0]",
        "text",
        1,
        (400.21, 562.22, 573.01, 577.33),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].TitlePartyName[0].Defendant[0]",
        "text",
        1,
        (89.94, 556.83, 394.8, 566.13),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[0]",
        "text",
        1,
        (451.41, 523.73, 556.77, 532.73),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[1]",
        "text",
        1,
        (451.41, 511.23, 556.77, 520.23),
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].FormTitle[0].Checkbox[0]",
        "checkbox",
        1,
        (43.09, 504.47, 52.09, 513.47),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].FormTitle[0].Checkbox[1]",
        "checkbox",
        1,
        (211.79, 504.46, 220.79, 513.46),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].Caption[0].HeaderSub[0].CrtUse[0].TextField[2]",
        "text",
        1,
        (478.53, 498.45, 556.77, 507.45),
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1a[0].Checkbox[0]",
        "checkbox",
        1,
        (55.78, 442.2, 64.78, 451.2),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1a[0].Checkbox[1]",
        "checkbox",
        1,
        (69.99, 394.45, 78.99, 403.45),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1a[0].Checkbox[2]",
        "checkbox",
        1,
        (315.36, 394.05, 324.36, 403.05),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1a[0].Checkbox[3]",
        "checkbox",
        1,
        (446.85, 394.05, 455.85, 403.05),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1a[0].crime[0]", "text", 1, (268.51, 378.68, 543.91, 389.85)
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1b[0].Checkbox[0]",
        "checkbox",
        1,
        (71.29, 363.99, 80.29, 372.99),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1b[0].TextField6[0]",
        "text",
        1,
        (87.72, 341.47, 557.06, 361.01),
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1c[0].Checkbox[0]",
        "checkbox",
        1,
        (71.22, 329.87, 80.22, 338.87),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1c[0].days[0]", "text", 1, (350.02, 329.56, 453.61, 338.56)
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].TextField6[0]",
        "text",
        1,
        (331.97, 310.02, 393.71, 322.02),
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supDuration[0]",
        "checkbox",
        1,
        (399.21, 311.52, 408.21, 320.52),
        on="1",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supDuration[1]",
        "checkbox",
        1,
        (472.33, 311.52, 481.33, 320.52),
        on="1",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].Checkbox[0]",
        "checkbox",
        1,
        (71.22, 310.65, 80.22, 319.65),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supType[0]",
        "checkbox",
        1,
        (94.93, 294.08, 103.93, 303.08),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supType[1]",
        "checkbox",
        1,
        (153.64, 294.08, 162.64, 303.08),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supType[2]",
        "checkbox",
        1,
        (329.82, 294.08, 338.82, 303.08),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supType[3]",
        "checkbox",
        1,
        (94.93, 277.36, 103.93, 286.36),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1d[0].supType[4]",
        "checkbox",
        1,
        (200.62, 277.36, 209.62, 286.36),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1e[0].Checkbox[0]",
        "checkbox",
        1,
        (71.22, 258.31, 80.22, 267.31),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1f[0].Checkbox[0]",
        "checkbox",
        1,
        (71.22, 236.86, 80.22, 245.86),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1f[0].AttyName_ft[0]",
        "text",
        1,
        (90.05, 225.12, 565.16, 234.12),
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1g[0].TextField2[0]",
        "text",
        1,
        (119.74, 207.68, 566.84, 217.76),
    ),
    Widget(
        "CR-403[0].Page1[0].LI1[0].li1g[0].CheckBox61[0]",
        "checkbox",
        1,
        (70.5, 208.22, 79.5, 217.22),
        on="1",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].Checkbox[0]",
        "checkbox",
        1,
        (55.78, 193.37, 64.78, 202.37),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2a[0].Checkbox[0]",
        "checkbox",
        1,
        (69.99, 142.27, 78.99, 151.27),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2a[0].redesignatedType[0]",
        "checkbox",
        1,
        (315.36, 141.87, 324.36, 150.87),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2a[0].redesignatedType[1]",
        "checkbox",
        1,
        (446.85, 141.87, 455.85, 150.87),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2a[0].redesignatedCrime[0]",
        "text",
        1,
        (269.3, 126.5, 575.66, 137.67),
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2b[0].Checkbox[0]",
        "checkbox",
        1,
        (70.1, 107.17, 79.1, 116.17),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2b[0].dismissedCrime[0]",
        "text",
        1,
        (269.3, 90.78, 575.66, 101.94),
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2c[0].TextField2[0]", "text", 1, (118.52, 72.22, 567.65, 82.3)
    ),
    Widget(
        "CR-403[0].Page1[0].LI2[0].li2c[0].CheckBox61[0]",
        "checkbox",
        1,
        (69.28, 72.76, 78.28, 81.76),
        on="1",
    ),
    Widget(
        "CR-403[0].Page2[0].P2Header_sf[0].Defendant[0]",
        "text",
        2,
        (43.2, 719.68, 388.8, 731.78),
        readonly=True,
    ),
    Widget(
        "CR-403[0].Page2[0].P2Header_sf[0].CaseNumber1[0]",
        "text",
        2,
        (399.6, 719.68, 572.4, 731.78),
        readonly=True,
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].Checkbox[0]",
        "checkbox",
        2,
        (55.98, 696.35, 64.98, 705.35),
        on="Yes",
    ),
    Widget("CR-403[0].Page2[0].LI3[0].deniedcrime[0]", "text", 2, (172.32, 674.96, 433.31, 683.96)),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3a[0].Checkbox[0]",
        "checkbox",
        2,
        (70.66, 657.28, 79.66, 666.28),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3b[0].Checkbox[0]",
        "checkbox",
        2,
        (70.66, 642.37, 79.66, 651.37),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3c[0].Checkbox[0]",
        "checkbox",
        2,
        (70.66, 614.89, 79.66, 623.89),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3d[0].Checkbox[0]",
        "checkbox",
        2,
        (70.66, 587.5, 79.66, 596.5),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3e[0].Checkbox[0]",
        "checkbox",
        2,
        (70.66, 559.5, 79.66, 568.5),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3f[0].TextField2[0]",
        "text",
        2,
        (118.58, 530.86, 574.51, 540.94),
    ),
    Widget(
        "CR-403[0].Page2[0].LI3[0].li3f[0].CheckBox61[0]",
        "checkbox",
        2,
        (70.66, 531.4, 79.66, 540.4),
        on="1",
    ),
    Widget(
        "CR-403[0].Page2[0].LI5[0].li5[0].Checkbox[0]",
        "checkbox",
        2,
        (55.91, 454.31, 64.91, 463.31),
        on="Yes",
    ),
    Widget(
        "CR-403[0].Page2[0].LI6[0].li6[0].CheckBox19[0]",
        "checkbox",
        2,
        (55.89, 400.18, 64.89, 409.18),
        on="1",
        blank_v_empty=True,
    ),
    Widget(
        "CR-403[0].Page2[0].JOSig[0].ExecutedDate_dt[0]", "text", 2, (65.63, 275.92, 169.2, 286.69)
    ),
)

FORMS_2024: dict[str, tuple[Widget, ...]] = {
    "CR-400": CR400_2024,
    "CR-401": CR401_2024,
    "CR-403": CR403_2024,
}
