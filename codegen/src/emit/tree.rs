//! The generated file as a tree of pieces, each emitted, formatted and dropped on its own.

use proc_macro2::TokenStream;

/// Emits one piece of the file from the runtime crate's path. Tokens cannot cross threads,
/// so a piece is emitted on the thread that renders it, just before rendering.
pub type Piece<'a> = Box<dyn Fn(&syn::Path) -> TokenStream + Send + Sync + 'a>;

/// The generated file as a tree of pieces. Each piece is emitted, formatted and dropped on
/// its own, on any thread: as one `syn::File`, GitHub's API held 400 MB of syntax tree.
pub enum Node<'a> {
    /// One or more items (or associated items, inside an impl block).
    Items(Piece<'a>),
    /// A module in a file of its own: `header;` here (`pub mod issues;`), and its children
    /// in the file `path` (relative to the crate's `src/`).
    File {
        /// Attributes and `pub mod name`, without the `;`.
        header: Piece<'a>,
        /// Where the module's file goes (`github/issues.rs`).
        path: String,
        /// What goes in the file, in order.
        children: Vec<Node<'a>>,
    },
    /// Items each compiled only under a `cfg` predicate (`feature = "issues"`), which
    /// `render` puts on every item of the piece as it parses it anyway.
    Gated {
        /// The predicate, as `#[cfg(...)]` takes it.
        cfg: String,
        /// The items.
        piece: Piece<'a>,
    },
    /// `header { children }`: a module, or an impl block when `is_impl`.
    Block {
        /// Attributes and `pub mod name` or `impl Name`, without the braces.
        header: Piece<'a>,
        /// Whether the children are associated items.
        is_impl: bool,
        /// What goes between the braces, in order.
        children: Vec<Node<'a>>,
    },
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Items(_) => f.write_str("Items"),
            Node::Gated { cfg, .. } => f.debug_struct("Gated").field("cfg", cfg).finish(),
            Node::File { path, children, .. } => f
                .debug_struct("File")
                .field("path", path)
                .field("children", children)
                .finish(),
            Node::Block { is_impl, children, .. } => f
                .debug_struct("Block")
                .field("is_impl", is_impl)
                .field("children", children)
                .finish(),
        }
    }
}

/// A leaf of the tree.
pub fn items<'a>(piece: impl Fn(&syn::Path) -> TokenStream + Send + Sync + 'a) -> Node<'a> {
    Node::Items(Box::new(piece))
}

/// The module block `header { children }`, or with `file`, the module declared here and
/// written to the file `file`.
pub fn module_node<'a>(header: Piece<'a>, children: Vec<Node<'a>>, file: Option<String>) -> Node<'a> {
    match file {
        Some(path) => Node::File { header, path, children },
        None => Node::Block {
            header,
            is_impl: false,
            children,
        },
    }
}

/// A leaf whose items compile only under `cfg` (a leaf without gating when it is empty).
pub fn gated_items<'a>(cfg: String, piece: impl Fn(&syn::Path) -> TokenStream + Send + Sync + 'a) -> Node<'a> {
    if cfg.is_empty() {
        items(piece)
    } else {
        Node::Gated {
            cfg,
            piece: Box::new(piece),
        }
    }
}

/// Emits every piece of `nodes` and counts the token trees (for benchmarks).
pub fn count_tokens(nodes: &[Node<'_>], runtime: &syn::Path) -> usize {
    fn count(tokens: TokenStream) -> usize {
        tokens
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => 1 + count(group.stream()),
                _ => 1,
            })
            .sum()
    }
    nodes
        .iter()
        .map(|node| match node {
            Node::Items(piece) | Node::Gated { piece, .. } => count(piece(runtime)),
            Node::Block { header, children, .. } | Node::File { header, children, .. } => {
                count(header(runtime)) + count_tokens(children, runtime)
            }
        })
        .sum()
}
