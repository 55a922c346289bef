"""The one TOML file plant IT writes per line PC, validated on load (no Qt here)."""

from operator_app.site_config.loader import ConfigError, load_site_config, parse_site_config
from operator_app.site_config.model import MachineConfig, SiteConfig

__all__ = ["ConfigError", "MachineConfig", "SiteConfig", "load_site_config", "parse_site_config"]
