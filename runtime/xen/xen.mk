# runtime/xen/xen.mk: libkiln-xen, the runtime built freestanding for the xen target (PVH guests).
# XEN_ROOT_FILES lists what it adds to the build root (kiln-root depends on them).
XEN_ROOT_FILES :=
