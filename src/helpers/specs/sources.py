"""Every source of the course's figures, by the short name the course gives it (as in its FACTS
table): the article and what it draws on, the makers' documents, standards, papers, measurements,
energy statistics, and the course itself for its assumptions.
"""

from __future__ import annotations

from .core import Source

# The article, and the analysts and press it draws on ------------------------------------------
ARTICLE = Source(
    "ARTICLE",
    "Why CloudMatrix 384 Is the Game Changer Everyone Talking About (news article)",
    None,
    "2025",
    "the course's starting point, known to the course by its title and text only",
)
SA = Source(
    "SA",
    "SemiAnalysis, Huawei AI CloudMatrix 384 - China's Answer to Nvidia GB200 NVL72",
    "https://newsletter.semianalysis.com/p/huawei-ai-cloudmatrix-384-chinas-answer-to-nvidia-gb200-nvl72",
    "2025-04-16",
)
FT = Source(
    "FT",
    "Financial Times on the CloudMatrix 384 and GB200 NVL72 prices, as reported by Benzinga: "
    "Huawei's New AI Cluster Takes On Nvidia, But At A Higher Cost Following Sanctions",
    "https://www.benzinga.com/government/regulations/25/04/45113788/huaweis-new-ai-cluster-takes-on-nvidia-but-at-a-higher-cost-following-sanctions",
    "2025-04-30",
)
TOMS = Source(
    "TOMS",
    "Tom's Hardware, Huawei's new AI CloudMatrix cluster beats Nvidia's GB200 by brute force, "
    "uses 4X the power",
    "https://www.tomshardware.com/tech-industry/artificial-intelligence/huaweis-new-ai-cloudmatrix-cluster-beats-nvidias-gb200-by-brute-force-uses-4x-the-power",
    "2025-04-20",
)
STH = Source(
    "STH",
    "ServeTheHome (Patrick Kennedy), NVIDIA's GB200 NVL72 rack shown at GTC 2024",
    "https://servethehome.com/?p=76755",
    "2024-03",
)
PRESS_LINKS = Source(
    "PRESS-LINKS",
    "Industry press on copper and optical interconnects (reach per lane rate, module power, "
    "the NVL72 copper spine)",
    None,
    "2024-2025",
    "figures repeated across industry reporting, with no single primary source",
)

# Huawei: the CloudMatrix paper, keynotes and the CM384's wiring -------------------------------
PAPER = Source(
    "PAPER",
    "Zuo et al., Serving Large Language Models on Huawei CloudMatrix384, arXiv 2506.12708 v3",
    "https://arxiv.org/abs/2506.12708",
    "2025-06-19",
)
HC2025 = Source(
    "HC2025",
    "Huawei Connect 2025 keynote (Eric Xu), as reported by STCN",
    "https://www.stcn.com/article/detail/3345926.html",
    "2025-09-18",
)
HW_CLOUD = Source(
    "HW-CLOUD2025",
    "Huawei Cloud Ecosystem Conference 2025 in Wuhu: the CloudMatrix 384 launch slide, as "
    "reported by PCGuide",
    "https://www.pcguide.com/news/nvidia-finally-has-some-ai-competition-as-huawei-shows-off-data-center-supercomputer-that-is-better-on-all-metrics/",
    "2025-04-10",
)
CM384_WIRING = Source(
    "CM384-WIRING",
    "Architects' Tech Alliance, Inside Huawei Atlas 900A3 SuperPoD (CM384) Supernode Wiring "
    "Scheme (English summary of the Chinese article, besthub.dev)",
    "https://www.besthub.dev/articles/inside-huawei-atlas-900a3-superpod-cm384-supernode-wiring-scheme-a92f17277732",
    "undated, read 2026",
)

# NVIDIA: product pages, datasheets, technical briefs and blogs, NCCL's source -----------------
NV_NVL72 = Source(
    "NV-NVL72",
    "NVIDIA, GB200 NVL72 product page and specifications",
    "https://www.nvidia.com/en-us/data-center/gb200-nvl72/",
    "2024-03-18 (announced at GTC 2024; page undated, read 2025)",
)
NV_NVLINK = Source(
    "NV-NVLINK",
    "NVIDIA, NVLink and NVLink Switch",
    "https://www.nvidia.com/en-us/data-center/nvlink/",
    "2024-03-18 (NVLink 5 announced at GTC 2024; page undated, read 2025)",
)
NV_BLACKWELL = Source(
    "NV-BLACKWELL",
    "NVIDIA, Blackwell Architecture Technical Brief (fifth-generation NVLink)",
    "https://resources.nvidia.com/en-us-blackwell-architecture",
    "2024-03",
)
NV_BLACKWELL_ULTRA = Source(
    "NV-BLACKWELL-ULTRA",
    "NVIDIA Technical Blog, Inside NVIDIA Blackwell Ultra: The Chip Powering the AI Factory Era",
    "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era/",
    "2025-08-22",
)
NV_DATASHEET = Source(
    "NV-DATASHEET",
    "NVIDIA, Blackwell datasheet: per-GPU table of the GB200 NVL72 and the HGX B200",
    None,
    "2024-2025 (undated)",
    "read through a public copy of NVIDIA's table; NVIDIA's own address for it was not found",
)
NV_DAC = Source(
    "NV-DAC",
    "NVIDIA networking documentation, Copper DAC and LACC Cables Overview",
    "https://docs.nvidia.com/networking/display/400g100gpam4ovpub/copper-dac-and-lacc-cables-overview",
    "undated, read 2025",
)
NV_TWINPORT = Source(
    "NV-TWINPORT",
    "NVIDIA, MMA4Z00-NS 800Gb/s Twin-port OSFP, 2x400Gb/s Multimode 2xSR4 transceiver: "
    "product specifications, Overview",
    "https://docs.nvidia.com/networking/display/800GMMA4Z00NS/Overview",
    "undated, read 2025",
)
NV_NVFP4 = Source(
    "NV-NVFP4",
    "NVIDIA Technical Blog, Introducing NVFP4 for Efficient and Accurate Low-Precision Inference",
    "https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/",
    "2025-06-24",
)
NV_NVFP4_REFERENCE = Source(
    "NV-TE-NVFP4",
    "NVIDIA Transformer Engine, the reference NVFP4 quantizer "
    "(transformer_engine/pytorch/custom_recipes/quantization_nvfp4.py)",
    "https://github.com/NVIDIA/TransformerEngine/blob/main/transformer_engine/pytorch/custom_recipes/quantization_nvfp4.py",
    "2025 (read 2026)",
)
NCCL = Source(
    "NCCL",
    "NVIDIA, NCCL 2.20.3 source code, src/graph/tuning.cc: the library's own latency model "
    "(hwLat, per ring step, in microseconds)",
    "https://github.com/NVIDIA/nccl/blob/b6475625fbcaa2c3c0e50eed2fa1255d7514d4a2/src/graph/tuning.cc",
    "2024 (release 2.20.3)",
)

# Standards and specifications (number formats, optics, PCIe), and physics ---------------------
IEEE754 = Source(
    "IEEE754",
    "IEEE Standard for Floating-Point Arithmetic, IEEE 754-2019",
    "https://doi.org/10.1109/IEEESTD.2019.8766229",
    "2019-07-22",
)
OFP8 = Source(
    "OFP8",
    "Open Compute Project, OCP 8-bit Floating Point Specification (OFP8) Rev 1.0",
    "https://github.com/opencomputeproject/FP8",
    "2023-06-20",
)
TPU_BF16 = Source(
    "TPU-BF16",
    "Google Cloud, The bfloat16 numerical format (TPU documentation); "
    "Kalamkar et al., A Study of BFLOAT16 for Deep Learning Training, arXiv 1905.12322",
    "https://cloud.google.com/tpu/docs/bfloat16",
    "2019-05-29 (study); page undated, read 2025",
)
OCP_MX = Source(
    "OCP-MX",
    "Open Compute Project, OCP Microscaling Formats (MX) Specification Version 1.0",
    "https://www.opencompute.org/documents/ocp-microscaling-formats-mx-v1-0-spec-final-pdf",
    "2023-09",
)
MX_REFERENCE = Source(
    "MX-REF",
    "Microsoft, microxcaling: the PyTorch emulation library of the MX formats (mx/mx_ops.py), "
    "released with the OCP MX specification",
    "https://github.com/microsoft/microxcaling",
    "2023-10 (read 2026)",
)
LPO_MSA = Source(
    "LPO-MSA",
    "Linear Pluggable Optics MSA, 100G-DR-LPO specification (100 Gb/s per lane, single-mode), "
    "as announced at its release",
    "https://www.lpo-msa.org/",
    "2025-03",
)
TIA_SR8 = Source(
    "TIA-SR8",
    "TIA Fiber Optics Technology Consortium, 400GBASE-SR8 (IEEE Std 802.3cm, clause 138): "
    "application overview",
    "https://www.tiafotc.org/ieee-802-3-ethernet-standards-update/multimode-standards-update/400gbase-sr8/",
    "undated, read 2026",
)
PCISIG = Source(
    "PCI-SIG",
    "PCI-SIG, PCI Express 5.0 specification highlights, as reported by Computing",
    "https://www.computing.co.uk/ctg/news/3076591/pcie-5-spec-pci-sig-pcie-4",
    "2019-05",
)
PHYSICS = Source(
    "PHYSICS",
    "Speed of light in vacuum (SI definition) and the group index of silica fibre",
    "https://physics.nist.gov/cgi-bin/cuu/Value?c",
    "2019-05-20 (SI redefinition)",
)

# Models and training runs ---------------------------------------------------------------------
LLAMA3 = Source(
    "LLAMA3",
    "Meta, Llama 3 model card and config.json (Meta-Llama-3-70B)",
    "https://huggingface.co/meta-llama/Meta-Llama-3-70B",
    "2024-04-18",
)
LLAMA31 = Source(
    "LLAMA31",
    "Meta, Llama 3.1 model card and config.json (Llama-3.1-70B)",
    "https://huggingface.co/meta-llama/Llama-3.1-70B",
    "2024-07-23",
)
LLAMA3_PAPER = Source(
    "LLAMA3-PAPER",
    "Llama Team, AI @ Meta, The Llama 3 Herd of Models, arXiv 2407.21783 (Table 4)",
    "https://arxiv.org/abs/2407.21783",
    "2024-07-31",
)
DSV3 = Source(
    "DSV3",
    "DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv 2412.19437",
    "https://arxiv.org/abs/2412.19437",
    "2024-12-27",
)
PALM = Source(
    "PALM",
    "Chowdhery et al. (Google), PaLM: Scaling Language Modeling with Pathways, arXiv 2204.02311",
    "https://arxiv.org/abs/2204.02311",
    "2022-04-05",
)
ZERO = Source(
    "ZERO",
    "Rajbhandari et al. (Microsoft), ZeRO: Memory Optimizations Toward Training Trillion "
    "Parameter Models, arXiv 1910.02054",
    "https://arxiv.org/abs/1910.02054",
    "2019-10-04",
)

# Measurements ---------------------------------------------------------------------------------
SCALING_BOOK = Source(
    "SCALING-BOOK",
    "Jacob Austin, Swapnil Patil, Adam Paszke (Google DeepMind) and Reiner Pope (MatX), How to "
    "Think About GPUs, part 12 of How to Scale Your Model (jax-ml/scaling-book)",
    "https://jax-ml.github.io/scaling-book/gpus/",
    "2025-08-18",
)
COREWEAVE_NCCL = Source(
    "COREWEAVE-NCCL",
    "CoreWeave, nccl-tests logs of GB200 NVL72 racks (all_reduce_perf), posted in "
    "coreweave/nccl-tests pull request 43 (one rack, two racks) and kept in the repository's "
    "README.md ('Expected Performance: GB200', which names NCCL 2.26.2), read at commit "
    "0120901ac7a1e6425640a57540e142070452f8a2",
    "https://github.com/coreweave/nccl-tests/pull/43",
    "2025-02-20",
)
COREWEAVE_NCCL_20 = Source(
    "COREWEAVE-NCCL-20",
    "CoreWeave, nccl-tests log of 20 GB200 NVL72 racks (all_reduce_perf), posted in "
    "coreweave/nccl-tests pull request 48 and kept in the same README.md, read at commit "
    "0120901ac7a1e6425640a57540e142070452f8a2",
    "https://github.com/coreweave/nccl-tests/pull/48",
    "2025-04-21",
)

# Energy: data-centre efficiency, electricity prices, grid carbon intensity --------------------
UPTIME = Source(
    "UPTIME",
    "Uptime Institute Intelligence, Large data centers are mostly more efficient, analysis "
    "confirms (industry average PUE from the Global Data Center Survey)",
    "https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms",
    "2023-11-23",
)
GOOGLE_PUE = Source(
    "GOOGLE-PUE",
    "Google, Data centers: efficiency (fleet-wide trailing twelve-month PUE)",
    "https://www.google.com/about/datacenters/efficiency/",
    "2024 (page undated; the 2023 fleet average, read 2025)",
)
EIA = Source(
    "EIA",
    "U.S. Energy Information Administration, Electric Power Annual 2023 (average price of "
    "electricity to industrial customers)",
    "https://www.eia.gov/electricity/annual/",
    "2024-10-17",
)
EMBER = Source(
    "EMBER",
    "Ember, Global Electricity Review 2024 (carbon intensity of global power generation in 2023)",
    "https://ember-climate.org/insights/research/global-electricity-review-2024/",
    "2024-05-08",
)

# The course itself ----------------------------------------------------------------------------
COURSE = Source(
    "COURSE",
    "Scaling Up course: a value the course chooses (an assumption, with its range and reason)",
    None,
    "2025",
    "an assumption of the course, not a measurement; its range and reason are in the note",
)
# The systems after the article: NVIDIA's GB300 NVL72 and Vera Rubin NVL72 ---------------------
_READ = "2026-12"
NV_GB300 = Source(
    "NV-GB300",
    "NVIDIA, GB300 NVL72 product page and specifications",
    "https://www.nvidia.com/en-us/data-center/gb300-nvl72/",
    "2025-03-18 (announced at GTC 2025; page undated)",
    accessed=f"{_READ}, through a public copy of the page captured 2026-08",
)
NV_GB300_RA = Source(
    "NV-GB300-RA",
    "NVIDIA, GB300 NVL72 Enterprise Reference Architecture: components",
    "https://docs.nvidia.com/enterprise-reference-architectures/nvl72-ai-factory/latest/components.html",
    "undated, read 2026",
    accessed=f"{_READ}, through a public copy captured 2026-08",
)
NV_ULTRA_DATASHEET = Source(
    "NV-ULTRA-DATASHEET",
    "NVIDIA, Blackwell Ultra datasheet: individual GPU specifications (GB300 NVL72 and HGX "
    "B300 columns)",
    None,
    "2025 (undated)",
    "read through public copies of NVIDIA's PDF; NVIDIA's own address for it was not found",
    accessed=_READ,
)
LENOVO_GB300 = Source(
    "LENOVO-GB300",
    "Lenovo Press LP2357, the GB300 NVL72 rack of Lenovo's ThinkSystem (power: TDP and EDP)",
    "https://lenovopress.lenovo.com/lp2357",
    "2025",
    accessed=f"{_READ}, through a public copy",
)
NV_GTC2025 = Source(
    "NV-GTC2025",
    "NVIDIA GTC 2025 keynote (Jensen Huang), Vera Rubin NVL144 slide figures as reported by "
    "the press (Tom's Hardware's table of 2025-06-12; megaobzor.com)",
    "https://s201.q4cdn.com/141608511/files/doc_downloads/2025/03/GTC2025_Keynote.pdf",
    "2025-03-18",
    accessed=f"{_READ}, through press reports; the keynote PDF itself was not readable",
)
NV_VERA_RUBIN = Source(
    "NV-VERA-RUBIN",
    "NVIDIA, Vera Rubin NVL72 product page and datasheet ('Preliminary information. All "
    "values are up to and subject to change.')",
    "https://www.nvidia.com/en-us/data-center/vera-rubin-nvl72/",
    "2026 (undated; the system was announced on 2025-03-18)",
    accessed=f"{_READ}, through a public copy captured 2026-08",
)
NV_OCP_BLOG = Source(
    "NV-OCP-BLOG",
    "NVIDIA blog, gigawatt AI factories at OCP: Vera Rubin ('Editor's note: This blog has been "
    "updated to reflect a branding change from Vera Rubin NVL144 to Vera Rubin NVL72.')",
    "https://blogs.nvidia.com/blog/gigawatt-ai-factories-ocp-vera-rubin/",
    "2025-10",
    accessed=_READ,
)

# Huawei's Atlas 950 SuperPoD ---------------------------------------------------------------------
HW_ATLAS950 = Source(
    "HW-ATLAS950",
    "Huawei, Huawei Unveils World's Most Powerful SuperPoDs and SuperClusters (Huawei Connect "
    "2025 press release; its figures and the keynote's as reported by RCR Wireless, The "
    "Register and Tom's Hardware)",
    "https://www.huawei.com/en/news/2025/9/hc-lingqu-ai-superpod",
    "2025-09-18",
    accessed=f"{_READ}, through press reports; Huawei's own text was not read",
)

# Google's TPU v7 Ironwood -------------------------------------------------------------------------
G_TPU7X = Source(
    "G-TPU7X",
    "Google Cloud documentation, TPU7x (Ironwood)",
    "https://docs.cloud.google.com/tpu/docs/tpu7x",
    "2026-05-08 (last updated)",
    accessed=f"{_READ}, through a public copy captured 2026-05-16",
)
G_IRONWOOD = Source(
    "G-IRONWOOD",
    "Amin Vahdat, Ironwood: The first Google TPU for the age of inference (Google blog)",
    "https://blog.google/products/google-cloud/ironwood-tpu-age-of-inference/",
    "2025-04-09",
    accessed=f"{_READ}, through a public copy that paraphrases it and press reports",
)

# AMD: Helios with the Instinct MI455X, and the MI300A of El Capitan ---------------------------
AMD_HELIOS_BLOG = Source(
    "AMD-HELIOS-BLOG",
    "AMD ROCm blog, Introducing AMD CDNA 5 and the AMD Helios Rackscale Solution",
    "https://rocm.blogs.amd.com/ecosystems-and-partners/cdna5-helios/README.html",
    "2026-08-04",
    accessed=_READ,
)
AMD_MI455X = Source(
    "AMD-MI455X",
    "AMD, Instinct MI455X product page (specifications; 'Launch Date 7/23/2026')",
    "https://www.amd.com/en/products/accelerators/instinct/mi400/mi455x.html",
    "2026-07-23",
    accessed=f"{_READ}, through public copies of the page",
)
AMD_HELIOS = Source(
    "AMD-HELIOS",
    "AMD, Helios rack-scale solution page (first shown at Advancing AI, 2025-06-12)",
    "https://www.amd.com/en/products/rackscale-solutions/helios.html",
    "2025-06-12 (page undated)",
    accessed=f"{_READ}, through public copies and press reports",
)
AMD_MI300A = Source(
    "AMD-MI300A",
    "AMD, Instinct MI300A product page (specifications, as reproduced at the 2023-12-06 launch "
    "by vengineer.hatenablog.com and the press)",
    "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300a.html",
    "2023-12-06",
    accessed=f"{_READ}, through a copy of its specification list",
)

# El Capitan on the TOP500 -------------------------------------------------------------------------
TOP500_65 = Source(
    "TOP500-65",
    "TOP500, El Capitan Retains Top Spot in 65th TOP500 List as Exascale Era Expands",
    "https://top500.org/news/el-capitan-retains-top-spot-65th-top500-list-exascale-era-expands",
    "2025-06-10",
    accessed=_READ,
)
TOP500_EL_CAPITAN = Source(
    "TOP500-EL-CAPITAN",
    "TOP500, El Capitan - HPE Cray EX255a, list entry (Rpeak, power during the HPL run)",
    "https://www.top500.org/system/180307/",
    "2024-11-18 (64th list)",
    accessed=f"{_READ}, through public copies of the entry",
)
INSIDEHPC_66 = Source(
    "INSIDEHPC-66",
    "insideHPC, TOP500: El Cap Stays on Top, Jupiter Joins Exascale Club (the 66th list)",
    "https://insidehpc.com/2025/11/top500-el-cap-stays-on-top-jupiter-joins-exascale-club/",
    "2025-11-17",
    accessed=_READ,
)
TOMS_EL_CAPITAN = Source(
    "TOMS-EL-CAPITAN",
    "Tom's Hardware (Paul Alcorn), AMD-powered El Capitan is now the world's fastest "
    "supercomputer with 1.7 exaflops of performance (as republished by inkl)",
    "https://inkl.com/news/amd-powered-el-capitan-is-now-the-world-s-fastest-supercomputer-with-1-7-exaflops-of-performance-fastest-intel-machine-falls-to-third-place-on-top500-list",
    "2024-11-18",
    accessed=_READ,
)
#: Every source by its short name.
SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        ARTICLE,
        SA,
        FT,
        TOMS,
        STH,
        PRESS_LINKS,
        PAPER,
        HC2025,
        HW_CLOUD,
        CM384_WIRING,
        NV_NVL72,
        NV_NVLINK,
        NV_BLACKWELL,
        NV_BLACKWELL_ULTRA,
        NV_DATASHEET,
        NV_DAC,
        NV_TWINPORT,
        NV_NVFP4,
        NV_NVFP4_REFERENCE,
        NCCL,
        IEEE754,
        OFP8,
        TPU_BF16,
        OCP_MX,
        MX_REFERENCE,
        LPO_MSA,
        TIA_SR8,
        PCISIG,
        PHYSICS,
        LLAMA3,
        LLAMA31,
        LLAMA3_PAPER,
        DSV3,
        PALM,
        ZERO,
        SCALING_BOOK,
        COREWEAVE_NCCL,
        COREWEAVE_NCCL_20,
        UPTIME,
        GOOGLE_PUE,
        EIA,
        EMBER,
        COURSE,
        NV_GB300,
        NV_GB300_RA,
        NV_ULTRA_DATASHEET,
        LENOVO_GB300,
        NV_GTC2025,
        NV_VERA_RUBIN,
        NV_OCP_BLOG,
        HW_ATLAS950,
        G_TPU7X,
        G_IRONWOOD,
        AMD_HELIOS_BLOG,
        AMD_MI455X,
        AMD_HELIOS,
        AMD_MI300A,
        TOP500_65,
        TOP500_EL_CAPITAN,
        INSIDEHPC_66,
        TOMS_EL_CAPITAN,
    )
}

# Headlines of 2025-26 that notebook 09 checks (the makers' words, or a press report of them) ---
MEZHA_HC2025 = Source(
    "MEZHA-HC2025",
    "Mezha.media, report of Huawei Connect 2025 (Eric Xu's keynote): Huawei's new AI products "
    "and chips",
    "https://mezha.media/en/news/huawei-new-ai-products-chips-announced-304934",
    "2025-09 (undated page; it reports the keynote of 2025-09-18)",
)
TNS_IRONWOOD = Source(
    "TNS-IRONWOOD",
    "The New Stack, Ironwood: Google's Answer to Nvidia in the AI Chip Wars (quoting Amin "
    "Vahdat of Google in a press briefing at Cloud Next 25)",
    None,
    "2025-04",
    "read through a public copy of the article; The New Stack's own address for it was not found",
)
NV_RUBIN_GPU_BLOG = Source(
    "NV-RUBIN-GPU-BLOG",
    "NVIDIA Technical Blog (E. Alvarez, V. Mehta, F. Ghodsian), Inside NVIDIA Rubin GPU "
    "Architecture: Powering the Era of Agentic AI",
    "https://developer.nvidia.com/blog/inside-nvidia-rubin-gpu-architecture-powering-the-era-"
    "of-agentic-ai/",
    "2026-07-21",
)
AITIDE_GTC2025 = Source(
    "AITIDE-GTC2025",
    "AI Tide (aibase), report of NVIDIA's GTC 2025 keynote: the Vera Rubin NVL144 against the "
    "GB300 NVL72",
    "https://aitide.news/article/16401",
    "2025-03 (undated page; it reports the keynote of 2025-03-18)",
)
for _source in (MEZHA_HC2025, TNS_IRONWOOD, NV_RUBIN_GPU_BLOG, AITIDE_GTC2025):
    SOURCES[_source.key] = _source
