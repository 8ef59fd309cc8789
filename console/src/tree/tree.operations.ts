import { graphql } from '../gql';

/** What a row of the tree shows and its actions need. */
export const TreeFolderFragment = graphql(`
  fragment ConsoleTreeFolder on Folder {
    id
    name
    parentId
    path
    childCount
    owner {
      id
      login
    }
  }
`);

export const TreeScriptFragment = graphql(`
  fragment ConsoleTreeScript on Script {
    id
    name
    folderId
    logicalPath
    version
    releasedVersion
    owner {
      id
      login
    }
  }
`);

/** One level of the tree: the console never reads the whole tree to show it. */
export const TreeLevelQuery = graphql(`
  query ConsoleTreeLevel($folderId: ID) {
    treeLevel(folderId: $folderId) {
      folders {
        ...ConsoleTreeFolder
      }
      scripts {
        ...ConsoleTreeScript
      }
    }
  }
`);

/**
 * The name filter, answered by the server over the whole tree. 100 of each: the gateway's cost
 * limit (MAX_QUERY_COST) counts `first`, and 200 with owners is above its default.
 */
export const TreeSearchQuery = graphql(`
  query ConsoleTreeSearch($name: String!) {
    searchTree(name: $name, first: 100) {
      folders {
        ...ConsoleTreeFolder
      }
      scripts {
        ...ConsoleTreeScript
      }
      complete
    }
  }
`);

/** Every folder's path, for choosing where to move something: one statement, no scripts. */
export const FolderPathsQuery = graphql(`
  query ConsoleFolderPaths {
    tree {
      folders {
        id
        path
      }
    }
  }
`);

/**
 * After a change, every open level is read again (the tree page reads its filter's matches
 * again itself: named here, a skipped search would be sent with an empty name).
 */
export const TREE_QUERIES = ['ConsoleTreeLevel'];

export const CreateFolderMutation = graphql(`
  mutation ConsoleCreateFolder($input: CreateFolderInput!) {
    createFolder(input: $input) {
      id
      path
    }
  }
`);

export const RenameFolderMutation = graphql(`
  mutation ConsoleRenameFolder($id: ID!, $name: String!) {
    renameFolder(id: $id, name: $name) {
      id
      path
    }
  }
`);

export const MoveFolderMutation = graphql(`
  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {
    moveFolder(id: $id, parentId: $parentId) {
      id
      path
    }
  }
`);

export const DeleteFolderMutation = graphql(`
  mutation ConsoleDeleteFolder($id: ID!) {
    deleteFolder(id: $id)
  }
`);

export const CreateScriptMutation = graphql(`
  mutation ConsoleCreateScript($input: CreateScriptInput!) {
    createScript(input: $input) {
      id
      logicalPath
    }
  }
`);

export const RenameOrMoveScriptMutation = graphql(`
  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {
    updateScript(id: $id, input: $input) {
      id
      name
      folderId
      logicalPath
    }
  }
`);

export const DeleteScriptMutation = graphql(`
  mutation ConsoleDeleteScript($id: ID!) {
    deleteScript(id: $id)
  }
`);
